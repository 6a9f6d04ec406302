import express, { type ErrorRequestHandler, type Express } from 'express';
import { AppError } from '../../../src/errors/app-error';

/**
 * A stand-in for the API's error handler: registered AppErrors become their status and code,
 * anything else a 500. Headers set before next(err) (WWW-Authenticate, Retry-After) survive,
 * as they must in the real handler.
 */
export const testErrorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof AppError) {
    res.status(err.status).json({ code: err.code, detail: err.message });
    return;
  }
  res.status(500).json({ code: 'internal_error' });
};

/** An express app with the given setup, a JSON `ok` route per path, and the test error handler. */
export function testApp(setup: (app: Express) => void): Express {
  const app = express();
  setup(app);
  app.use(testErrorHandler);
  return app;
}

import type { components } from '../../../src/api/openapi.generated';
import { loadSpec } from '../../../src/api/openapi/openapi.spec';
import { JOB_STATES, type JobState } from '../../../src/jobs/job.types';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// A state added on one side only fails `tsc` (npm run check), not just this test.
const sameAsSpec: Same<JobState, components['schemas']['JobState']> = true;

describe('job states', () => {
  test('when openapi.yaml lists the JobState enum, then it is JOB_STATES in the same order', () => {
    const schemas = (loadSpec().document.components as { schemas: Record<string, { enum?: string[] }> })
      .schemas;
    expect(schemas.JobState?.enum).toEqual([...JOB_STATES]);
    expect(sameAsSpec).toBe(true);
  });
});

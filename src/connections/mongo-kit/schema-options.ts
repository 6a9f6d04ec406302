import type { Connection, Model, Schema } from 'mongoose';

/**
 * Every store collection's schema options. Commands fail at once instead of waiting in
 * mongoose's buffer for a connection that may never come (the store turns that failure into
 * `store_unavailable`); indexes and collections are made by the store's factory, explicitly,
 * never as a side effect of compiling a model; a field the schema does not name is a bug.
 */
export const SCHEMA_OPTIONS = {
  versionKey: false,
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
  strict: 'throw',
} as const;

/** A nested document's: part of its parent, so no `_id` of its own. */
export const SUB_OPTIONS = { _id: false, versionKey: false, strict: 'throw' } as const;

/** One model per collection per connection: a second store on the same connection shares it. */
export function modelFor<T>(connection: Connection, collection: string, schema: Schema<T>): Model<T> {
  const name = `stacks.${collection}`;
  const existing = connection.models[name] as Model<T> | undefined;
  return existing ?? connection.model<T>(name, schema, collection);
}

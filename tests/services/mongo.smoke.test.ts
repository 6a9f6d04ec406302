import { Schema, type Connection, type Model } from 'mongoose';

import { connectMongo, disconnectMongo } from '../../src/connections/mongo.connection';
import { describeWithMongo } from '../support/services';

interface SmokeRecord {
  _id: string;
  title: string;
  subjects: string[];
  year: number;
}

const smokeSchema = new Schema<SmokeRecord>(
  { _id: String, title: String, subjects: [String], year: Number },
  { versionKey: false },
);

describe('connectMongo without a server', () => {
  test('when the URL is not a MongoDB URL, then it rejects naming the value and hiding the password', async () => {
    await expect(connectMongo('http://user:secret@127.0.0.1:1/x')).rejects.toThrow(
      'must start with mongodb:// or mongodb+srv://; got "http://user:***@127.0.0.1:1/x"',
    );
  });

  test('when nothing listens at the URL, then it rejects naming the URL', async () => {
    // Port 9 (discard) on loopback: nothing listens there on a build machine.
    await expect(
      connectMongo('mongodb://127.0.0.1:9/stacks', { serverSelectionTimeoutMs: 500 }),
    ).rejects.toThrow('cannot connect to MongoDB at mongodb://127.0.0.1:9/stacks');
  });
});

describeWithMongo('mongoose on a real MongoDB-protocol server (smoke)', (mongoUrl) => {
  // One collection per run, so that parallel or aborted runs never see each other's documents.
  const collection = `smoke_${process.pid}_${Date.now()}`;
  let connection: Connection;
  let Records: Model<SmokeRecord>;

  beforeAll(async () => {
    connection = await connectMongo(mongoUrl);
    Records = connection.model<SmokeRecord>('SmokeRecord', smokeSchema, collection);
  });

  afterAll(async () => {
    await connection.dropCollection(collection).catch(() => undefined);
    await disconnectMongo(connection);
  });

  test('when a document is written through a model, then it reads back, updates, and deletes', async () => {
    const record = {
      _id: 'ocm00000001',
      title: 'Moby Dick; or, The whale',
      subjects: ['Whaling'],
      year: 1851,
    };

    await Records.create(record);
    const read = await Records.findById(record._id).lean();
    await Records.updateOne({ _id: record._id }, { $push: { subjects: 'Sea stories' } });
    const updated = await Records.findOne({ subjects: 'Sea stories' }).lean();
    const deleted = await Records.deleteOne({ _id: record._id });
    const afterDelete = await Records.countDocuments({});

    expect(read).toEqual(record);
    expect(updated?.subjects).toEqual(['Whaling', 'Sea stories']);
    expect(deleted.deletedCount).toBe(1);
    expect(afterDelete).toBe(0);
  });

  test('when many documents are inserted, then a range query and a sort see them all', async () => {
    const docs = Array.from({ length: 50 }, (_, i) => ({
      _id: `r${String(i).padStart(3, '0')}`,
      title: `Title ${i}`,
      subjects: [],
      year: 1900 + i,
    }));

    await Records.insertMany(docs);
    const found = await Records.find({ year: { $gte: 1940 } })
      .sort({ year: -1 })
      .lean();

    expect(found.map((doc) => doc.year)).toEqual([
      1949, 1948, 1947, 1946, 1945, 1944, 1943, 1942, 1941, 1940,
    ]);
  });
});

/**
 * Token buckets kept in memory, one per partition (an API key or a client IP). A bucket holds up
 * to `capacity` tokens and gains `refillPerSecond`; each request takes one.
 */
export interface BucketPolicy {
  capacity: number;
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the next token when none is left, else until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until a denied request could succeed (only when denied). */
  retryAfterSeconds?: number;
}

export interface BucketStore {
  take(partition: string, policy: BucketPolicy): TakeResult;
  /** Buckets currently held; never more than maxBuckets. */
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A Map used as an LRU: every take moves its bucket to the end, and a new partition beyond
 * `maxBuckets` evicts the least recently used one. A flood of distinct IPs therefore costs a
 * bounded amount of memory. What eviction loses is small: a bucket idle for capacity/refill
 * seconds is full again and equal to a fresh one, so only a client that made requests within
 * the last refill period *and* was pushed out by more than maxBuckets newer clients gets a
 * fresh bucket early.
 */
export function createBucketStore(options: { maxBuckets: number; now: () => number }): BucketStore {
  const buckets = new Map<string, Bucket>();

  function bucketFor(partition: string, policy: BucketPolicy, at: number): Bucket {
    const found = buckets.get(partition);
    if (found) {
      buckets.delete(partition);
      const elapsed = Math.max(0, at - found.updatedAt) / 1000;
      found.tokens = Math.min(policy.capacity, found.tokens + elapsed * policy.refillPerSecond);
      found.updatedAt = at;
      buckets.set(partition, found);
      return found;
    }
    while (buckets.size >= options.maxBuckets) {
      const oldest = buckets.keys().next();
      if (oldest.done) break;
      buckets.delete(oldest.value);
    }
    const fresh = { tokens: policy.capacity, updatedAt: at };
    buckets.set(partition, fresh);
    return fresh;
  }

  return {
    take(partition, policy) {
      const bucket = bucketFor(partition, policy, options.now());
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      const remaining = Math.floor(bucket.tokens);
      // With no whole token left, the useful moment is the next token (the same instant as
      // Retry-After, as the draft asks); otherwise it is when the bucket is full again.
      const toNextToken = Math.ceil((1 - (bucket.tokens - remaining)) / policy.refillPerSecond);
      const toFull = Math.ceil((policy.capacity - bucket.tokens) / policy.refillPerSecond);
      const resetSeconds = remaining === 0 ? toNextToken : toFull;
      return allowed
        ? { allowed, remaining, resetSeconds }
        : { allowed, remaining, resetSeconds, retryAfterSeconds: resetSeconds };
    },
    size: () => buckets.size,
  };
}

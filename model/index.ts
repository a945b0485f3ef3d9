export type {
  ClientContext,
  ConcurrentEffect,
  FileField,
  Effect,
  Json,
  ListedFile,
  LocalEffect,
  Protocol,
  ProtocolDeclarations,
  ProtocolRequirements,
  Reply,
  Request,
  SingleReply,
  StepInput,
  StepOutput,
} from './protocol.ts';
export type { SafetyProperty, SectionView, StoreFacts } from './properties.ts';
export type { HistoryMonitor, MonitorObserves } from './monitors.ts';
export { supersededWritesMonitor } from './monitors.ts';
export type { LivenessProperty, LivenessView, RoleSections } from './liveness.ts';
export type { PendingLockOptions, PendingLockState } from './protocols/pendingLock.ts';
export type { WriteVerifyOptions, WriteVerifyState } from './protocols/writeVerify.ts';
export type { CreateExclusiveOptions, CreateExclusiveState } from './protocols/createExclusive.ts';
export type { LeaseFencingOptions, LeaseFencingState } from './protocols/leaseFencing.ts';
export type { LockKind } from './lockFiles.ts';
export type { ExclusiveBody } from './exclusiveFile.ts';
export type { TimestampSource } from './leases.ts';

export { eventuallyExclusive, eventuallySync, findLivenessProperty, livenessProperties, noLivelock } from './liveness.ts';
export { exclusiveExcludesSync, fencedWrites, findSafetyProperty, mutualExclusion, safetyProperties } from './properties.ts';
export { pendingLock, pendingLockOptions } from './protocols/pendingLock.ts';
export { writeVerify, writeVerifyOptions } from './protocols/writeVerify.ts';
export { createExclusive, createExclusiveOptions } from './protocols/createExclusive.ts';
export { leaseFencing, leaseFencingOptions } from './protocols/leaseFencing.ts';
export { builtinProtocols } from './protocols/registry.ts';
export { lockKindOf, lockName, lockPrefix, locksOf } from './lockFiles.ts';
export { exclusiveBody, exclusiveBodyOf, exclusiveFileName, exclusiveFileOf } from './exclusiveFile.ts';
export { isLeaseActive, isRefreshDue, lockAgeTicks, stampTicksOf } from './leases.ts';
export { fileFields } from './protocol.ts';
export { concurrentEffectSchema, concurrentRequestsMax, effectSchema, jsonSchema, listedFileSchema, localEffectSchema, replySchema, requestKinds, requestSchema, singleReplySchema } from './effects.ts';
export { z } from 'zod';
export type { ClientApi, ClientCode, ClientOutcome, Clock, Harness, StoreClient, StoreEntry } from './implementation.ts';
export { defineHarness } from './implementation.ts';

export type {
  ClientContext,
  Effect,
  Json,
  ListedFile,
  LocalEffect,
  Protocol,
  Reply,
  Request,
  StepInput,
  StepOutput,
} from './protocol.ts';
export type { SafetyProperty, SectionView } from './properties.ts';
export type { PendingLockOptions, PendingLockState } from './protocols/pendingLock.ts';
export type { LockKind } from './lockFiles.ts';

export { exclusiveExcludesSync, findSafetyProperty, mutualExclusion, safetyProperties } from './properties.ts';
export { pendingLock, pendingLockOptions } from './protocols/pendingLock.ts';
export { builtinProtocols } from './protocols/registry.ts';
export { lockKindOf, lockName, lockPrefix, locksOf } from './lockFiles.ts';
export { z } from 'zod';

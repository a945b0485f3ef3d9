// Store profiles: what real stores guarantee, as defaults for a scenario's
// `store` section. Explicit fields override them. Ticks are abstract; the
// profiles read one tick as 100 ms, so a 1 s timestamp resolution is 10
// ticks. spec/store-profiles.md gives the public source of every value, or
// says "not documented" where a store documents none; where a guarantee is
// not documented, the profile assumes the weaker behaviour.

import type { TickRange } from './scenario.ts';

export type StoreDefaults = {
  latency: TickRange;
  listLag: TickRange;
  clockSkew: TickRange;
  timestampResolution: number;
  createIfAbsent: boolean;
  mtimeFrom: 'store' | 'writer';
};

export const storeProfileNames = ['strong', 's3', 'webdav', 'dropbox', 'onedrive', 'local', 'synced-folder'] as const;
export type StoreProfileName = (typeof storeProfileNames)[number];

/** Without a profile: an idealized store, lists never lag, 1-tick timestamps, no conditional requests. */
export const plainStoreDefaults: StoreDefaults = {
  latency: [1, 1],
  listLag: [0, 0],
  clockSkew: [0, 0],
  timestampResolution: 1,
  createIfAbsent: false,
  mtimeFrom: 'store',
};

export const storeProfiles: Record<StoreProfileName, StoreDefaults> = {
  // Linearizable, fine timestamps, conditional requests: the best case.
  strong: { ...plainStoreDefaults, latency: [1, 2], createIfAbsent: true },
  // S3: strong read-after-write and list consistency since Dec 2020; Last-Modified in whole seconds; If-None-Match / If-Match conditional writes.
  s3: { ...plainStoreDefaults, latency: [1, 2], timestampResolution: 10, createIfAbsent: true },
  // WebDAV (RFC 4918): getlastmodified is an HTTP-date (whole seconds); If-None-Match: * (RFC 9110). List consistency is
  // not documented, so lists may lag; Nextcloud/ownCloud take the file time from the writer (X-OC-Mtime).
  webdav: { ...plainStoreDefaults, latency: [1, 2], listLag: [0, 4], timestampResolution: 10, createIfAbsent: true, mtimeFrom: 'writer' },
  // Dropbox: server_modified in whole seconds; add mode without autorename fails on conflict; list consistency not documented.
  dropbox: { ...plainStoreDefaults, latency: [1, 2], listLag: [0, 4], timestampResolution: 10, createIfAbsent: true },
  // OneDrive: conflictBehavior=fail; list/delta consistency not documented; timestamps in whole seconds.
  onedrive: { ...plainStoreDefaults, latency: [1, 2], listLag: [0, 4], timestampResolution: 10, createIfAbsent: true },
  // A local file system on one machine: O_EXCL, one clock, fine timestamps, no lag.
  local: { ...plainStoreDefaults, latency: [1, 1], createIfAbsent: true },
  // A folder synced between machines: sync delay, no cross-machine atomic create, files keep the writer's mtime.
  // Nothing documents that the machines' clocks agree, so they may be skewed.
  'synced-folder': { ...plainStoreDefaults, latency: [1, 1], listLag: [0, 6], clockSkew: [-2, 2], timestampResolution: 10, createIfAbsent: false, mtimeFrom: 'writer' },
};

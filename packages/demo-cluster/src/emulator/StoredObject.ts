import { KubeObject } from './types';

/** One stored object version. Never mutated once stored; JSON renderings are cached. */
export interface StoredObject {
  readonly key: string;
  readonly obj: KubeObject;
  readonly rv: number;
  json?: string;
  itemJson?: string;
}

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

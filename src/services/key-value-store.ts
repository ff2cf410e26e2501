/** Storage as the services need it: Forge's KVS in production, anything with these two calls in tests. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

import type { Backend, BackendPlugin } from '../backend/contract.js';

/** A registered backend: its plugin and, once created, its instance. */
export interface RegisteredBackend {
  plugin: BackendPlugin;
  instance?: Backend;
}

/** Backends by name. Registration is explicit: packages export plugins, users register them. */
export class BackendRegistry {
  private readonly entries = new Map<string, RegisteredBackend>();

  /** Registers (or replaces) a plugin under its name. */
  register(plugin: BackendPlugin): void {
    const old = this.entries.get(plugin.name);
    if (old && old.plugin !== plugin) old.instance?.dispose?.();
    if (!old || old.plugin !== plugin) this.entries.set(plugin.name, { plugin });
  }

  /** The entry for a name, if registered. */
  get(name: string): RegisteredBackend | undefined {
    return this.entries.get(name);
  }

  /** Removes a backend and releases its instance. */
  remove(name: string): void {
    this.entries.get(name)?.instance?.dispose?.();
    this.entries.delete(name);
  }

  /** Names, highest priority first. */
  namesByPriority(): string[] {
    return [...this.entries.values()].sort((a, b) => b.plugin.priority - a.plugin.priority).map((e) => e.plugin.name);
  }

  /** Every entry with a live instance. */
  live(): RegisteredBackend[] {
    return [...this.entries.values()].filter((e) => e.instance !== undefined);
  }
}

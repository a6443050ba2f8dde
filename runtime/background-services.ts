/** Something the server starts after building the app and stops before closing it (the SIP endpoint). */
export interface BackgroundService {
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The long-running services the app's parts create (createApp does not own the process): the
 * server starts them once the app is built, and closes them, last added first, when it stops.
 */
export class BackgroundServices {
  private readonly services: BackgroundService[] = [];

  add(service: BackgroundService): void {
    this.services.push(service);
  }

  /** The service of a class, if one was added (tests reach the SIP endpoint this way). */
  find<T extends BackgroundService>(kind: abstract new (...args: never[]) => T): T | undefined {
    for (const service of this.services) if (service instanceof kind) return service;
    return undefined;
  }

  async startAll(): Promise<void> {
    for (const service of this.services) await service.start();
  }

  async closeAll(): Promise<void> {
    for (const service of [...this.services].reverse()) await service.close();
  }
}

// Starts s3rver (a real S3 HTTP server) on 127.0.0.1 with a temp directory; it can be stopped and started
// again on the same port and directory to simulate an outage.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

export const S3_ACCESS_KEY = 'S3RVER';
export const S3_SECRET_KEY = 'S3RVER';
export const S3_ENV = { NUMALOGIC_S3_ACCESS_KEY: S3_ACCESS_KEY, NUMALOGIC_S3_SECRET_KEY: S3_SECRET_KEY };

export class S3TestServer {
  port = 0;
  private server: S3rver | null = null;

  private constructor(readonly directory: string) {}

  static async start(): Promise<S3TestServer> {
    const instance = new S3TestServer(await mkdtemp(path.join(tmpdir(), 'registry-s3rver-')));
    await instance.up();
    return instance;
  }

  async up(): Promise<void> {
    const server = new S3rver({ address: '127.0.0.1', port: this.port, silent: true, directory: this.directory });
    const info = await server.run();
    this.port = info.port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null) await server.close();
  }

  async destroy(): Promise<void> {
    await this.down();
    await rm(this.directory, { recursive: true, force: true });
  }
}

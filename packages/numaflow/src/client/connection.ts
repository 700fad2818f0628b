import { Client, credentials, type ClientDuplexStream, type MethodDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { MAX_MESSAGE_BYTES } from '../shared/server.js';
import { readServerInfo, type ServerInfo } from '../shared/server-info.js';
import { endpointPaths, unixTarget, type EndpointKind } from '../shared/socket.js';

export interface ConnectOptions {
  /** Folder holding the socket and server-info file. Default: NUMALOGIC_SOCKET_DIR, else /var/run/numaflow. */
  socketDir?: string;
  /** Exact socket path (overrides socketDir for the socket). */
  socketPath?: string;
  /** Exact server-info path (overrides socketDir for the info file). */
  serverInfoPath?: string;
  /** How long to wait for the server-info file and the socket. Default 30000 ms. */
  timeoutMs?: number;
}

/** A gRPC connection to one UDF over its Unix socket, opened the way the platform opens it. */
export class UdfConnection {
  readonly info: ServerInfo;
  readonly socketPath: string;
  readonly #client: Client;
  readonly #definition: ServiceDefinition;

  private constructor(info: ServerInfo, socketPath: string, client: Client, definition: ServiceDefinition) {
    this.info = info;
    this.socketPath = socketPath;
    this.#client = client;
    this.#definition = definition;
  }

  /** Waits for a complete server-info file, connects to the socket and checks IsReady. */
  static async open(kind: EndpointKind, definition: ServiceDefinition, options: ConnectOptions = {}): Promise<UdfConnection> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const defaults = endpointPaths(kind, options.socketDir);
    const socketPath = options.socketPath ?? defaults.socketPath;
    const info = await readServerInfo(options.serverInfoPath ?? defaults.serverInfoPath, timeoutMs);
    if (info.protocol !== 'uds') throw new Error(`server-info protocol ${info.protocol} is not supported (want uds)`);
    const client = new Client(unixTarget(socketPath), credentials.createInsecure(), {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      // The platform never retries a UDF call transparently; retry buffering would only cost per message.
      'grpc.enable_retries': 0,
      // Room for the platform's 500 requests in flight without waiting on HTTP/2 window updates.
      'grpc-node.flow_control_window': 16 * 1024 * 1024,
    });
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve())),
    );
    const connection = new UdfConnection(info, socketPath, client, definition);
    if (!(await connection.isReady())) {
      client.close();
      throw new Error(`UDF on ${socketPath} answered IsReady with ready=false`);
    }
    return connection;
  }

  #method(name: string): MethodDefinition<unknown, unknown> {
    const method = this.#definition[name] as MethodDefinition<unknown, unknown> | undefined;
    if (!method) throw new Error(`method ${name} not in service definition`);
    return method;
  }

  isReady(): Promise<boolean> {
    const method = this.#method('IsReady');
    return new Promise((resolve, reject) => {
      this.#client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        {},
        (err, response) => (err ? reject(err) : resolve((response as { ready?: boolean }).ready === true)),
      );
    });
  }

  /** Opens a bidirectional stream of the service (MapFn, ReduceFn, ...). */
  bidi<Req, Res>(name: string): ClientDuplexStream<Req, Res> {
    const method = this.#method(name);
    return this.#client.makeBidiStreamRequest(
      method.path,
      method.requestSerialize as (value: Req) => Buffer,
      method.responseDeserialize as (bytes: Buffer) => Res,
    );
  }

  close(): void {
    this.#client.close();
  }
}

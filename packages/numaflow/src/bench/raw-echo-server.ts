// Baseline for the benchmark: a map echo server written straight on @grpc/grpc-js, no SDK. Same proto,
// same bidi protocol (handshake, ids, batch EOT), same socket and server-info file.
// --codec loader: proto-loader's standard codec (what a hand-written server gets from loadPackageDefinition);
// --codec lean: the same protobufjs codec the SDK uses, to isolate the SDK's own overhead.
import { mkdirSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { mapRequestCodec, mapResponseCodec } from '../map/service.js';
import { withStreamCodec } from '../shared/definition.js';
import { loaderOptions } from '../shared/protos.js';
import { serverInfo, writeServerInfo } from '../shared/server-info.js';
import { endpointPaths } from '../shared/socket.js';

interface Req {
  id: string;
  request?: { keys: string[]; value: Buffer } | null;
  handshake?: { sot: boolean } | null;
  status?: { eot: boolean } | null;
}

const { values } = parseArgs({
  options: { mode: { type: 'string', default: 'unary' }, codec: { type: 'string', default: 'loader' }, 'socket-dir': { type: 'string' } },
});
const batch = values.mode === 'batch';
const kind = batch ? 'batchmap' : 'map';
const paths = endpointPaths(kind, values['socket-dir']);

const definition = protoLoader.loadSync('map/v1/map.proto', loaderOptions());
const loaded = grpc.loadPackageDefinition(definition) as unknown as { map: { v1: { Map: { service: grpc.ServiceDefinition } } } };
let service = loaded.map.v1.Map.service;
if (values.codec === 'lean') service = withStreamCodec(service, 'MapFn', mapRequestCodec, mapResponseCodec);

const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 << 20, 'grpc.max_send_message_length': 64 << 20 });
server.addService(service, {
  MapFn(call: grpc.ServerDuplexStream<Req, unknown>) {
    let pending: Req[] = [];
    call.on('data', (req: Req) => {
      if (req.handshake?.sot) return void call.write({ handshake: { sot: true } });
      if (req.status?.eot) {
        for (const r of pending) call.write({ id: r.id, results: [{ keys: r.request?.keys, value: r.request?.value }] });
        pending = [];
        return void call.write({ id: '', status: { eot: true } });
      }
      if (batch) pending.push(req);
      else call.write({ id: req.id, results: [{ keys: req.request?.keys, value: req.request?.value }] });
    });
    call.on('end', () => call.end());
  },
  IsReady(_call: unknown, callback: grpc.sendUnaryData<unknown>) {
    callback(null, { ready: true });
  },
});

mkdirSync(values['socket-dir'] ?? '/var/run/numaflow', { recursive: true });
rmSync(paths.socketPath, { force: true });
server.bindAsync(`unix://${paths.socketPath}`, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) throw err;
  void writeServerInfo(paths.serverInfoPath, serverInfo({ MAP_MODE: batch ? 'batch-map' : 'unary-map' }));
});
process.once('SIGTERM', () => server.tryShutdown(() => process.exit(0)));

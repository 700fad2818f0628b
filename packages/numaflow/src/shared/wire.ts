// Shapes of the decoded protobuf messages (snake_case, as in the .proto). Decoded 64-bit values may be
// Long objects (protobufjs), hence the loose `seconds`.

export interface LongLike {
  toNumber(): number;
}

export interface TimestampWire {
  seconds: number | LongLike;
  nanos: number;
}

export interface KeyValueGroupWire {
  key_value: Record<string, Uint8Array>;
}

export interface MetadataWire {
  previous_vertex?: string;
  sys_metadata?: Record<string, KeyValueGroupWire>;
  user_metadata?: Record<string, KeyValueGroupWire>;
}

/** The datum part common to map, source-transform and reduce requests. */
export interface DatumWire {
  keys: string[];
  value: Uint8Array;
  event_time?: TimestampWire | null;
  watermark?: TimestampWire | null;
  headers: Record<string, string>;
  metadata?: MetadataWire | null;
  id?: string;
}

export interface HandshakeWire {
  sot: boolean;
}

export interface StatusWire {
  eot: boolean;
}

export interface ResultWire {
  keys?: readonly string[];
  value?: Uint8Array;
  tags?: readonly string[];
  event_time?: TimestampWire;
}

export interface MapRequestWire {
  request?: DatumWire | null;
  id: string;
  handshake?: HandshakeWire | null;
  status?: StatusWire | null;
}

export interface MapResponseWire {
  results?: readonly ResultWire[];
  id?: string;
  handshake?: HandshakeWire;
  status?: StatusWire;
}

export interface TransformRequestWire {
  request?: DatumWire | null;
  handshake?: HandshakeWire | null;
}

export interface TransformResponseWire {
  results?: readonly ResultWire[];
  id?: string;
  handshake?: HandshakeWire;
}

export const WindowEvent = { OPEN: 0, CLOSE: 1, APPEND: 4 } as const;

export interface WindowWire {
  start?: TimestampWire | null;
  end?: TimestampWire | null;
  slot: string;
}

export interface ReduceRequestWire {
  payload?: DatumWire | null;
  operation?: { event: number; windows: WindowWire[] } | null;
}

export interface ReduceResponseWire {
  result?: ResultWire | null;
  window?: WindowWire | null;
  EOF?: boolean;
}

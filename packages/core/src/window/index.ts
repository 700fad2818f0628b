export { WindowBuilder, type FillMethod, type PushOutcome, type WindowBuilderOptions } from './window-builder.js';
export { KeyedWindows, keyId } from './keyed-windows.js';

// A reduce result has the same fields as a map result (keys, value, tags), so it is the same class.
export { DROP_TAG, Message, checkMessages, type MessageOptions } from '../map/message.js';

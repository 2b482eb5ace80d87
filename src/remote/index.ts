/** Remote write 1.0 encoding: protobuf WriteRequest and Snappy block compression, both written by hand; no DOM. */
export { encodeWriteRequest, writeRequestProto, REMOTE_WRITE_HEADERS, METADATA_TYPE, type RemoteSeries, type RemoteMetadata } from './write_request';
export { snappyEncode } from './snappy';
export { ProtoWriter } from './protobuf';

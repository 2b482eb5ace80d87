/** Remote write encoding: protobuf WriteRequest (1.0) and Request (2.0) with @bufbuild/protobuf, Snappy block compression by hand; no DOM. */
export {
  encodeWriteRequest,
  encodeWriteRequestV2,
  writeRequestProto,
  writeRequestV2Proto,
  requestHeaders,
  REMOTE_WRITE_HEADERS,
  REMOTE_WRITE_V2_HEADERS,
  PROTOBUF_MESSAGES,
  METADATA_TYPE,
  type ProtobufMessage,
  type RemoteSeries,
  type RemoteSample,
  type RemoteHistogram,
  type RemoteMetadata,
} from './write_request';
export { snappyEncode } from './snappy';

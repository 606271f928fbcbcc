/**
 * A minimal OpenAPI v2 document. kubectl 1.20 fetches `/openapi/v2` (as protobuf)
 * before `apply`/`create` to validate and to choose the patch type; a document without
 * definitions makes it skip schema validation and fall back to its built-in rules
 * (strategic merge patch for built-in kinds, merge patch for custom resources).
 */
export function openApiV2Json(version: string): Record<string, unknown> {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version },
    paths: {},
    definitions: {},
  };
}

function protoString(field: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([(field << 3) | 2, bytes.length]), bytes]);
}

/** The same document as `openapi_v2.Document` protobuf (gnostic): swagger=1, info=2. */
export function openApiV2Protobuf(version: string): Buffer {
  const info = Buffer.concat([
    protoString(1, 'Kubernetes'),
    protoString(2, version),
  ]);
  return Buffer.concat([
    protoString(1, '2.0'),
    Buffer.from([(2 << 3) | 2, info.length]),
    info,
  ]);
}

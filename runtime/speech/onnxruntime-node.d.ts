// onnxruntime-node 1.20.1 names dist/index.d.ts as its types but does not ship it: its API is
// onnxruntime-common's (InferenceSession, Tensor), re-exported.
declare module "onnxruntime-node" {
  export * from "onnxruntime-common";
}

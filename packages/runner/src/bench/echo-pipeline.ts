/** The baseline pipeline: echo transformer -> echo map -> sink, the runner's own cost per datum. */
export const ECHO_PIPELINE = `apiVersion: numaflow.numaproj.io/v1alpha1
kind: Pipeline
metadata:
  name: echo-baseline
spec:
  vertices:
    - name: in
      source:
        generator: {}
        transformer:
          container:
            image: bench/echo-transformer:0
    - name: echo
      udf:
        container:
          image: bench/echo:0
    - name: out
      sink:
        log: {}
  edges:
    - from: in
      to: echo
    - from: echo
      to: out
`;

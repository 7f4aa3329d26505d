# tf2onnx-dynamic-same-pool-negative-pads: with unknown spatial dims, SAME pooling pads are computed at run time without clamping at 0: onnxruntime 'padding values must be non-negative' when the stride exceeds the window
# client: tf2onnx-dynamic; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/max_pool.json maxpool1d-same-n6-k2-s3-d1-genericfalse (tensorflow-maxpool-e28ef6e32f)
# expected (padvec reference, documented convention): output [-34, -78], pads [[0, 0]]
# actual in the padvec run: RuntimeException: [ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Non-zero status code returned while running MaxPool node. Name:'MaxPool1d' Status Message: padding values must be non-negative
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([-46, -34, -68, -78, -96, -92], dtype=np.float32)[None, ..., None]
fn = lambda x: tf.nn.max_pool1d(x, ksize=[2], strides=[3], padding='SAME')
spec = (tf.TensorSpec([1] + [None] * 1 + [1], tf.float32, name='x'),)
try:
    print('tensorflow         ', tf.function(fn)(x).numpy()[0, ..., 0].tolist())
except Exception as e:
    print('tensorflow raises  ', type(e).__name__, str(e).splitlines()[0])
for attempt in range(1):
    model, _ = tf2onnx.convert.from_function(tf.function(fn), input_signature=spec, opset=13)
    sess = ort.InferenceSession(model.SerializeToString())
    y = sess.run(None, {'x': x})[0]
    print('tf2onnx+onnxruntime', y.shape, y.reshape([-1]).tolist())

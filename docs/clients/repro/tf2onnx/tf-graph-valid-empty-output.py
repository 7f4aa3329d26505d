# tf-graph-valid-empty-output: ValueError: Negative dimension size: a VALID window longer than the input fails static shape inference in graph mode, while eager TF returns an empty output
# client: tf2onnx; versions: {"onnx": "1.23.2", "onnxruntime": "1.32.0", "opset": "13", "tensorflow": "2.21.0", "tf2onnx": "1.17.0"}
# case: vectors/tensorflow/conv.json conv1d-valid-n2-k3-s1-d1-genericfalse (tensorflow-conv-0d3460011f)
# expected (padvec reference, documented convention): output [], pads [[0, 0]]
# actual in the padvec run: ValueError: in user code:

    File "/work/wt/clients/generator/padvec/check/clients/tf2onnx.py", line 62, in None  *
        lambda x: fn(x, w, padding=pad, dilations=d, **{key: s})

    ValueError: Negative dimension size caused by subtracting 3 from 2 for '{{node conv1d}} = Conv2D[T=DT_FLOAT, data_format=...
import numpy as np, onnxruntime as ort, tensorflow as tf, tf2onnx
x = np.array([8, 9], dtype=np.float32)[None, ..., None]
w = np.array([7, 9, 3], dtype=np.float32)[..., None, None]
fn = lambda x: tf.nn.conv1d(x, w, stride=[1], padding='VALID', dilations=[1])
spec = (tf.TensorSpec(list(x.shape), tf.float32, name='x'),)
try:
    print('tensorflow         ', tf.function(fn)(x).numpy()[0, ..., 0].tolist())
except Exception as e:
    print('tensorflow raises  ', type(e).__name__, str(e).splitlines()[0])
for attempt in range(1):
    model, _ = tf2onnx.convert.from_function(tf.function(fn), input_signature=spec, opset=13)
    sess = ort.InferenceSession(model.SerializeToString())
    y = sess.run(None, {'x': x})[0]
    print('tf2onnx+onnxruntime', y.shape, y.reshape([-1]).tolist())

"""Compiled graphs kept per worker, keyed by everything in a case except its data.

Building and compiling a one-op graph (a Theano function, a Keras model's predict function, an
OpenVINO compiled model, a TFLite flatbuffer) costs 10-100x running it. verify runs every case
twice (the nondeterminism check) and the grid holds many cases of one structure, so an adapter
builds once per structure and runs the cached graph on each case's data. A build that raises is
not cached: the next case builds again and raises the framework's own error again.

Standard library only, Python 3.6 compatible (imported by adapters in every env).
"""
import collections
import json

# The case fields that shape a graph; input/kernel are data (graph inputs) unless an adapter
# bakes the kernel in as a constant, and then it passes the kernel as an `extra` key part.
STRUCTURE = ("input_shape", "kernel_shape", "stride", "dilation", "padding", "pads", "options")


def structure_key(op, case, *extra):
    return json.dumps([op, [case.get(name) for name in STRUCTURE], list(extra)],
                      sort_keys=True)


class GraphCache:
    """A small LRU: the second run of a case and neighbouring grid cases hit it; the bound keeps
    a long run's memory flat."""

    def __init__(self, size=128):
        self.size = size
        self._graphs = collections.OrderedDict()

    def get(self, key, build):
        graph = self._graphs.get(key)
        if graph is None:
            graph = build()
            self._graphs[key] = graph
            if len(self._graphs) > self.size:
                self._graphs.popitem(last=False)
        else:
            self._graphs.move_to_end(key)
        return graph

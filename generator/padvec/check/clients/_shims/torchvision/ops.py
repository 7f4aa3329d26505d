"""torchvision.ops names the converters import; none is used by padvec's operators."""
from ._missing import missing

nms = missing("ops.nms")
box_convert = missing("ops.box_convert")
roi_align = missing("ops.roi_align")
roi_pool = missing("ops.roi_pool")
deform_conv2d = missing("ops.deform_conv2d")

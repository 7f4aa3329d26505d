"""torchvision.io names the converters import; none is used by padvec's operators."""
import enum

from ._missing import missing

decode_image = missing("io.decode_image")


class ImageReadMode(enum.Enum):
    UNCHANGED = 0
    GRAY = 1
    GRAY_ALPHA = 2
    RGB = 3
    RGB_ALPHA = 4

"""PDF rendering. The one place in liaison/ that may import QtGui (text layout only)."""

"""PDF rendering. The one place in liaison/ that may import QtGui (never QtWidgets)."""

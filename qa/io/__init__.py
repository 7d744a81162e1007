"""Reading inputs: decoding files in any common encoding, manifests and directory layouts.

`decode` turns bytes into normalised text (NFC, `\\n` line endings) and names the encoding;
`inputs` builds `Document`s for `qa check` and streams `BatchItem`s for `qa batch`. Every
problem a user can fix is an `InputError` with a one-line message naming the file.
"""

from qa.io.decode import decode_bytes, read_text
from qa.io.inputs import BatchItem, iter_batch, load_document

__all__ = ["BatchItem", "decode_bytes", "iter_batch", "load_document", "read_text"]

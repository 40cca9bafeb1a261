"""Everything shapegen does to the output folder, kept out of the pipeline's orchestration:

- `guards`: what is on disk, read without following a link; the plan compared with it;
- `lock`: one run at a time per output folder;
- `journal`: writing a plan atomically, and recovering what an interrupted run left;
- `manifest`: the record that lets a no-op `generate` skip the work;
- `parallel`: work on many files spread over a few threads;
- `diff`: what `check` prints when the output is stale.
"""

from generator.output.diff import diff
from generator.output.guards import Changes, check_output_folder, compare, owned_on_disk, safe_relative
from generator.output.lock import lock_path, locked
from generator.output.journal import FS, FileSystem, Repair, recover, stage_folder, write
from generator.output.manifest import Unchanged, remember, unchanged

__all__ = [
    "FS",
    "Changes",
    "FileSystem",
    "Repair",
    "Unchanged",
    "check_output_folder",
    "compare",
    "diff",
    "lock_path",
    "locked",
    "owned_on_disk",
    "recover",
    "remember",
    "safe_relative",
    "stage_folder",
    "unchanged",
    "write",
]

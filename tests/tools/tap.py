"""The result lines every test prints: "ok - NAME" or "not ok - NAME (why)".

    from tap import Tap
    t = Tap("cli")
    t.check(cond, "what", why)
    d = t.tmpdir()    # a fresh directory, removed with all the others when the suite ends
    t.exit()          # status 1 when anything failed
"""
import atexit
import shutil
import sys
import tempfile


class Tap:
    def __init__(self, suite):
        self.suite = suite
        self.failed = 0
        self.root = None

    def tmpdir(self):
        """A new directory under one root per suite, removed at exit (a suite that dies
        too): a run of the tests leaves nothing in /tmp (split.py alone wrote 0.5 GB)."""
        if self.root is None:
            self.root = tempfile.mkdtemp(prefix="psreport-%s-" % self.suite)
            atexit.register(shutil.rmtree, self.root, True)
        return tempfile.mkdtemp(dir=self.root)

    def check(self, cond, what, why=""):
        if cond:
            print("ok - %s: %s" % (self.suite, what))
        else:
            self.failed += 1
            print("not ok - %s: %s (%s)" % (self.suite, what, why))
        return bool(cond)

    def exit(self):
        sys.exit(1 if self.failed else 0)

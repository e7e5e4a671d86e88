"""The result lines every test prints: "ok - NAME" or "not ok - NAME (why)".

    from tap import Tap
    t = Tap("cli")
    t.check(cond, "what", why)
    t.exit()          # status 1 when anything failed
"""
import sys


class Tap:
    def __init__(self, suite):
        self.suite = suite
        self.failed = 0

    def check(self, cond, what, why=""):
        if cond:
            print("ok - %s: %s" % (self.suite, what))
        else:
            self.failed += 1
            print("not ok - %s: %s (%s)" % (self.suite, what, why))
        return bool(cond)

    def exit(self):
        sys.exit(1 if self.failed else 0)

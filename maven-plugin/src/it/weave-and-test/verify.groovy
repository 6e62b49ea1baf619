// Checks what the two builds did, then runs the woven classes with plain java (no agent).
def log = new File(basedir, 'build.log').text

assert log.contains('jasyncio: weave ') : 'the weave goal ran'
// Each directory also holds the processor's index class, which has no @Async method.
assert log =~ /jasyncio: weave \S+target\/classes: 2 class files, 1 woven, 0 already woven, 1 without @Async, 0 not woven/
assert log =~ /jasyncio: weave \S+target\/test-classes: 2 class files, 1 woven, 0 already woven, 1 without @Async, 0 not woven/
// The second build: nothing recompiled, nothing rewoven.
assert log =~ /jasyncio: weave \S+target\/classes: 2 class files, 0 woven, 1 already woven/
assert log =~ /jasyncio: weave \S+target\/test-classes: 2 class files, 0 woven, 1 already woven/
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')

def woven = { f -> new String(new File(basedir, f).bytes, 'ISO-8859-1').contains('Lio/jasyncio/internal/Woven;') }
assert woven('target/classes/demo/Squares.class')
assert woven('target/test-classes/demo/SquaresTest.class')

def runtime = "${localRepositoryPath}/io/jasyncio/jasyncio-runtime/${jasyncioVersion}/jasyncio-runtime-${jasyncioVersion}.jar"
def java = "${System.getProperty('java.home')}/bin/java"
def p = [java, '-cp', "${basedir}/target/classes${File.pathSeparator}${runtime}", 'demo.Squares', '3'].execute()
def out = p.text
assert p.waitFor() == 0 : out + p.err.text
assert out.trim() == 'sum ' + (9 + 16 + 25)
return true

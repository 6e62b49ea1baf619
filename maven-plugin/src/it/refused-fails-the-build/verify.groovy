// The refused method is a build error naming the class and the method; the class is left as it was.
def log = new File(basedir, 'build.log').text
assert log.contains('[ERROR] jasyncio: cannot weave demo.Locked.locked()Lio/jasyncio/Coroutine;: ') : log
assert log.contains('synchronized')
assert log.contains('jasyncio: 1 class could not be woven: demo.Locked.locked()Lio/jasyncio/Coroutine;')
assert log.contains('set failOnRefusal to false')
def bytes = new String(new File(basedir, 'target/classes/demo/Locked.class').bytes, 'ISO-8859-1')
assert !bytes.contains('Lio/jasyncio/internal/Woven;') : 'the refused class is left as it was'
return true

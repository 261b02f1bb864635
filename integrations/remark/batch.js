// One `waymark render --batch` process, shared by every file of a build. Requests are
// written as JSON lines and answers matched by id; while none is waiting the process
// does not keep Node alive, and it ends when Node does (its input closes).

import {spawn, spawnSync} from 'node:child_process'
import {createInterface} from 'node:readline'

/** The oldest waymark whose `render --batch` this plugin speaks. */
export const MIN_VERSION = [0, 1, 0]
/** The protocol version every answer carries. */
export const PROTOCOL = 'waymark-batch/1'

const INSTALL =
  'install it with `pip install waymark` (or `cargo install waymark`), or pass the `command` option with the path of the waymark binary'

/** Checks that `command` runs and is new enough; throws an Error saying what to do. */
export function checkVersion(command) {
  const out = spawnSync(command, ['--version'], {encoding: 'utf8'})
  if (out.error && out.error.code === 'ENOENT') {
    throw new Error(`remark-waymark: \`${command}\` was not found on PATH; ${INSTALL}`)
  }
  if (out.error || out.status !== 0) {
    const why = out.error ? out.error.message : `exit ${out.status}: ${(out.stderr || '').trim()}`
    throw new Error(`remark-waymark: \`${command} --version\` failed (${why}); ${INSTALL}`)
  }
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(out.stdout)
  if (!m) {
    throw new Error(`remark-waymark: \`${command} --version\` printed no version; ${INSTALL}`)
  }
  const have = m.slice(1, 4).map(Number)
  for (let i = 0; i < 3; i++) {
    if (have[i] > MIN_VERSION[i]) break
    if (have[i] < MIN_VERSION[i]) {
      throw new Error(
        `remark-waymark: waymark ${have.join('.')} is too old; it needs ${MIN_VERSION.join('.')} or newer: upgrade it with \`pip install -U waymark\` (or \`cargo install waymark\`)`
      )
    }
  }
  return have
}

class Batch {
  constructor(command, args) {
    this.command = command
    this.next = 0
    this.pending = new Map()
    this.stderr = ''
    this.child = spawn(command, ['render', '--batch', ...args], {
      stdio: ['pipe', 'pipe', 'pipe']
    })
    this.child.on('error', (e) => this.stop(`could not run: ${e.message}`))
    this.child.on('exit', (code) => this.stop(`stopped (exit ${code})`))
    this.child.stdin.on('error', () => {})
    this.child.stderr.setEncoding('utf8')
    this.child.stderr.on('data', (text) => {
      this.stderr += text
    })
    createInterface({input: this.child.stdout}).on('line', (line) => this.answer(line))
    this.idle()
  }

  answer(line) {
    let answer
    try {
      answer = JSON.parse(line)
    } catch {
      return this.stop(`answered something that is not JSON: ${line.slice(0, 80)}`)
    }
    const waiting = this.pending.get(answer.id)
    if (!waiting) return
    this.pending.delete(answer.id)
    if (answer.protocol !== PROTOCOL) {
      waiting.reject(
        new Error(
          `remark-waymark: waymark speaks ${answer.protocol}, not ${PROTOCOL}; install the version that goes with this plugin`
        )
      )
    } else {
      waiting.resolve(answer)
    }
    if (this.pending.size === 0) this.idle()
  }

  /** Ends every waiting request with the reason the process is gone. */
  stop(why) {
    this.dead = this.dead || why
    sessions.delete(this.key)
    const said = this.stderr.trim()
    const old = /unexpected argument '--batch'/.test(said)
      ? '; this waymark has no `render --batch`: it is too old, upgrade it with `pip install -U waymark`'
      : ''
    const error = new Error(
      `remark-waymark: \`${this.command} render --batch\` ${why}${old}${said && !old ? `: ${said}` : ''}`
    )
    for (const {reject} of this.pending.values()) reject(error)
    this.pending.clear()
  }

  /** Lets Node exit while nothing is asked. */
  idle() {
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) s.unref?.()
    this.child.unref()
  }

  busy() {
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) s.ref?.()
    this.child.ref()
  }

  ask(request) {
    if (this.dead) {
      return Promise.reject(new Error(`remark-waymark: \`${this.command} render --batch\` ${this.dead}`))
    }
    const id = ++this.next
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.busy()
      this.pending.set(id, {resolve, reject})
      this.child.stdin.write(JSON.stringify({...request, id}) + '\n')
    })
  }

  close() {
    sessions.delete(this.key)
    this.child.stdin.end()
  }
}

const sessions = new Map()

/** The running session for `command` with `args`, started (and checked) on first use. */
export function session(command, args) {
  const key = JSON.stringify([command, args])
  let s = sessions.get(key)
  if (!s) {
    checkVersion(command)
    s = new Batch(command, args)
    s.key = key
    sessions.set(key, s)
  }
  return s
}

/** Ends every waymark process this module started (they also end when Node does). */
export function closeWaymark() {
  for (const s of [...sessions.values()]) s.close()
}

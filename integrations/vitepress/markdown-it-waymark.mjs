// waymark for markdown-it (VitePress): every ```journey fence becomes a map.
// markdown-it renders synchronously, so each fence is one `waymark render` run; a journey
// with errors stops the build with waymark's report (lines counted from the fence).

import {execFileSync} from 'node:child_process'

/**
 * @param {import('markdown-it')} md
 * @param {{command?: string, args?: string[]}} [options] the waymark binary, and flags
 *   for `waymark render` (`--layout`, `--theme`, `--lang`, `--themes-dir`)
 */
export default function markdownItWaymark(md, options = {}) {
  const command = options.command || 'waymark'
  const fallback = md.renderer.rules.fence
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]
    const [lang, ...attrs] = token.info.trim().split(/\s+/)
    if (lang !== 'journey') return fallback(tokens, idx, opts, env, self)
    // A fence longer than any run of backticks in the journey.
    const runs = (token.content.match(/`+/g) || []).map((r) => r.length + 1)
    const ticks = '`'.repeat(Math.max(3, ...runs))
    const doc = `${ticks}journey ${attrs.join(' ')}\n${token.content}${ticks}\n`
    let html
    try {
      html = execFileSync(command, ['render', '-', ...(options.args || [])], {
        input: doc,
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe']
      })
    } catch (e) {
      const where = env && env.relativePath ? `${env.relativePath}:${token.map[0] + 1}` : `line ${token.map[0] + 1}`
      const why = e.code === 'ENOENT' ? `\`${command}\` was not found on PATH: pip install waymark` : String(e.stderr || e.message).trim()
      throw new Error(`waymark: the journey at ${where} could not be drawn:\n${why}`)
    }
    // v-pre: Vue must not read the map's text as template syntax ({{ }}).
    return `<div v-pre>${html}</div>\n`
  }
}

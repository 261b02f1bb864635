// remark-waymark against the real unified, remark and MDX packages and the real waymark
// binary (WAYMARK_BIN, else `waymark` on PATH).

import assert from 'node:assert/strict'
import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {after, test} from 'node:test'
import {evaluate} from '@mdx-js/mdx'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified} from 'unified'
import {VFile} from 'vfile'
import remarkWaymark, {closeWaymark, paletteCss} from '../index.js'

const command = process.env.WAYMARK_BIN || 'waymark'
after(closeWaymark)

const PAGE = `# Checkout

\`\`\`journey
title Checkout
section Pay
  Enters card: 2: Maya
\`\`\`

- In a list:

  \`\`\`journey layout=timeline
  section Wait
    Parcel late: 1: Maya
  \`\`\`

\`\`\`python
print("journey")
\`\`\`
`

const BROKEN = `# Broken

Text.

\`\`\`journey
section Pay
  Enters card: lots: Maya
\`\`\`
`

function html(options) {
  return unified()
    .use(remarkParse)
    .use(remarkWaymark, {command, ...options})
    .use(remarkRehype, {allowDangerousHtml: true})
    .use(rehypeStringify, {allowDangerousHtml: true})
}

test('journey fences become maps, everything else stays', async () => {
  const out = String(await html().process(new VFile({path: 'docs/pay.md', value: PAGE})))
  assert.equal(out.match(/<figure class="waymark-figure/g)?.length, 2)
  assert.match(out, /waymark-layout-timeline/, 'fence attributes apply')
  assert.match(out, /<code class="language-python">print\("journey"\)/)
  assert.doesNotMatch(out, /language-journey/)
  const ids = [...out.matchAll(/<figure[^>]* id="([^"]+)"/g)].map((m) => m[1])
  assert.equal(new Set(ids).size, 2, 'every map has ids of its own')
})

test('a broken journey is a message at its line, and fails the file by default', async () => {
  const file = new VFile({path: 'docs/broken.md', value: BROKEN})
  await assert.rejects(html().process(file), /docs\/broken\.md:7:16: the score `lots` is neither a number nor a data source/)

  const kept = new VFile({path: 'docs/broken.md', value: BROKEN})
  const out = String(await html({failOnError: false}).process(kept))
  assert.match(out, /language-journey/, 'the fence stays as code')
  const [message] = kept.messages
  assert.equal(message.fatal, true)
  assert.equal(message.source, 'waymark')
  assert.deepEqual([message.line, message.column], [7, 16])
  assert.match(message.note, /score/)
})

test('MDX gets the map as a JSX element (MDX drops raw HTML)', async () => {
  // A tiny JSX runtime: elements as plain objects, enough to find the map.
  const jsx = (type, props) => ({type, props})
  const mod = await evaluate(new VFile({path: 'docs/pay.mdx', value: PAGE}), {
    Fragment: 'fragment',
    jsx,
    jsxs: jsx,
    remarkPlugins: [[remarkWaymark, {command}]]
  })
  const found = []
  const search = (node) => {
    if (!node || typeof node !== 'object') return
    if (node.props?.dangerouslySetInnerHTML) found.push(node)
    for (const c of [node.props?.children].flat()) search(c)
  }
  search(mod.default({}))
  assert.equal(found.length, 2)
  assert.equal(found[0].props.className, 'waymark')
  assert.match(found[0].props.dangerouslySetInnerHTML.__html, /^<figure class="waymark-figure/)
})

test('waymark missing or too old is said, with what to do', async () => {
  const missing = html({command: path.join(tmpdir(), 'no-such-dir', 'waymark')})
  await assert.rejects(missing.process(PAGE), /was not found on PATH; install it with `pip install waymark`/)

  const dir = mkdtempSync(path.join(tmpdir(), 'remark-waymark-'))
  const old = path.join(dir, 'waymark')
  writeFileSync(old, "#!/bin/sh\necho 'waymark 0.0.9'\n")
  chmodSync(old, 0o755)
  await assert.rejects(html({command: old}).process(PAGE), /waymark 0\.0\.9 is too old/)
})

test('paletteCss gives light maps the dark theme under the site\'s dark selector', async () => {
  const css = await paletteCss({selector: "[data-theme='dark']", command})
  assert.match(css, /^\[data-theme='dark'\] \.waymark-theme-light \{\n/)
  assert.match(css, /  --waymark-background: #161b26;\n/)
  await assert.rejects(paletteCss({selector: '.dark', theme: 'drak', command}), /unknown theme `drak`.*dark/)
})

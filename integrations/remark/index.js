// remark-waymark: every ```journey fence becomes a customer journey map, drawn by one
// `waymark render --batch` process for the whole build. Works in unified pipelines
// (remark-rehype needs `allowDangerousHtml`), and in MDX (Docusaurus, Astro, Nextra),
// where the map goes in as a JSX element, since MDX drops raw HTML.

import path from 'node:path'
import {session} from './batch.js'

export {closeWaymark, checkVersion, MIN_VERSION} from './batch.js'

/**
 * A stylesheet rule giving maps of the `light` theme the colours of `theme` under
 * `selector`: the site's dark mode (`[data-theme='dark']` in Docusaurus and Starlight,
 * `.dark` in VitePress). Maps read `--waymark-*` variables, so only CSS changes.
 *
 * @param {object} options
 * @param {string} options.selector what marks the page as dark
 * @param {string} [options.theme='dark'] the theme whose colours light maps take
 * @param {string} [options.light='light'] the theme of the maps to recolour
 * @param {string} [options.command='waymark'] the waymark binary
 * @param {string} [options.themesDir] a folder of your own themes
 */
export async function paletteCss({selector, theme = 'dark', light = 'light', command, themesDir}) {
  const args = themesDir ? ['--themes-dir', themesDir] : []
  const answer = await session(command || 'waymark', args).ask({kind: 'theme', theme})
  if (!answer.ok) {
    throw new Error(`remark-waymark: ${answer.error.message}${answer.error.help ? ` (${answer.error.help})` : ''}`)
  }
  const rules = Object.entries(answer.variables).map(([name, color]) => `  ${name}: ${color};`)
  return `${selector} .waymark-theme-${light} {\n${rules.join('\n')}\n}\n`
}

/**
 * @param {object} [options]
 * @param {string} [options.command='waymark'] the waymark binary
 * @param {'map'|'timeline'|'table'|'storyboard'} [options.layout] layout of every map
 * @param {string} [options.theme] theme of every map
 * @param {string} [options.lang] interface language of lane names and legends
 * @param {boolean} [options.mermaid=false] also draw ```mermaid fences holding a journey
 * @param {boolean} [options.viewer=false] add the map viewer after a file's last map
 * @param {string} [options.themesDir] a folder of your own themes
 * @param {boolean} [options.mdx] write maps as JSX (default: when the processor reads MDX)
 * @param {boolean} [options.failOnError=true] a journey with errors fails the file
 */
export default function remarkWaymark(options = {}) {
  const processor = this
  const command = options.command || 'waymark'
  const args = options.themesDir ? ['--themes-dir', options.themesDir] : []

  return async function transform(tree, file) {
    const fences = []
    walk(tree, (node, index, parent) => {
      if (node.type !== 'code') return
      if (node.lang === 'journey' || (options.mermaid && node.lang === 'mermaid')) {
        fences.push({node, index, parent})
      }
    })
    if (fences.length === 0) return

    const batch = session(command, args)
    const name = file.path ? path.relative(file.cwd || process.cwd(), file.path) : undefined
    const answers = await Promise.all(
      fences.map(({node}, i) =>
        batch.ask({
          kind: node.lang === 'mermaid' ? 'mermaid' : 'journey',
          source: node.value,
          info: node.meta || undefined,
          file: name,
          // The fence's text starts on the line after the fence.
          line: node.position ? node.position.start.line + 1 : undefined,
          layout: options.layout,
          theme: options.theme,
          lang: options.lang,
          viewer: Boolean(options.viewer) && i === fences.length - 1
        })
      )
    )

    const mdx = options.mdx ?? readsMdx(processor)
    const errors = []
    // Replaced from the last, so the indexes of earlier fences stay right.
    for (let i = fences.length - 1; i >= 0; i--) {
      const {node, index, parent} = fences[i]
      const answer = answers[i]
      if (!answer.ok && answer.diagnostics.length === 0) {
        throw new Error(`remark-waymark: ${answer.error.message}${answer.error.help ? ` (${answer.error.help})` : ''}`)
      }
      const indent = node.position ? node.position.start.column - 1 : 0
      for (const d of answer.diagnostics) {
        const place = {
          start: {line: d.line, column: d.column + indent},
          end: {line: d.end_line, column: d.end_column + indent}
        }
        const message = file.message(d.message, place, 'waymark:journey')
        message.fatal = d.severity === 'error'
        if (d.help) message.note = d.help
        if (message.fatal) errors.unshift(`${d.file}:${d.line}:${d.column + indent}: ${d.message}`)
      }
      if (answer.ok && answer.html) {
        parent.children[index] = mdx ? jsxHtml(answer.html) : {type: 'html', value: answer.html}
      }
    }
    if (errors.length > 0 && options.failOnError !== false) {
      const first = file.messages.find((m) => m.fatal)
      const error = new Error(`remark-waymark: journeys with errors:\n${errors.join('\n')}`)
      error.file = file.path
      error.place = first && first.place
      throw error
    }
  }
}

/** Calls `visit` with every node below `node`, its index and its parent. */
function walk(node, visit) {
  if (!node.children) return
  node.children.forEach((child, index) => {
    visit(child, index, node)
    walk(child, visit)
  })
}

/** Whether the processor reads MDX: remark-mdx adds MDX's JSX to the markdown reader. */
function readsMdx(processor) {
  const data = processor && typeof processor.data === 'function' ? processor.data() : {}
  const extensions = (data.fromMarkdownExtensions || []).flat(Infinity)
  return extensions.some((e) => e && e.enter && 'mdxJsxFlowTag' in e.enter)
}

/** A `<div className="waymark" dangerouslySetInnerHTML={{__html}}/>` element for MDX. */
function jsxHtml(html) {
  const object = {
    type: 'ObjectExpression',
    properties: [
      {
        type: 'Property',
        method: false,
        shorthand: false,
        computed: false,
        kind: 'init',
        key: {type: 'Identifier', name: '__html'},
        value: {type: 'Literal', value: html, raw: JSON.stringify(html)}
      }
    ]
  }
  return {
    type: 'mdxJsxFlowElement',
    name: 'div',
    attributes: [
      {type: 'mdxJsxAttribute', name: 'className', value: 'waymark'},
      {
        type: 'mdxJsxAttribute',
        name: 'dangerouslySetInnerHTML',
        value: {
          type: 'mdxJsxAttributeValueExpression',
          value: `{__html: ${JSON.stringify(html)}}`,
          data: {
            estree: {
              type: 'Program',
              sourceType: 'module',
              comments: [],
              body: [{type: 'ExpressionStatement', expression: object}]
            }
          }
        }
      }
    ],
    children: []
  }
}

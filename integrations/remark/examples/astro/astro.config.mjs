// Astro with remark-waymark: every ```journey fence in src/pages/*.md becomes a map.
import {defineConfig} from 'astro/config'
import remarkWaymark from 'remark-waymark'

export default defineConfig({
  markdown: {
    remarkPlugins: [[remarkWaymark, {layout: 'map'}]]
  }
})

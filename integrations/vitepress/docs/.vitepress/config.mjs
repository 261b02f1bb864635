import {defineConfig} from 'vitepress'
import markdownItWaymark from '../../markdown-it-waymark.mjs'

export default defineConfig({
  title: 'Journeys',
  markdown: {
    config: (md) => md.use(markdownItWaymark)
  }
})

-- waymark for pandoc: every ```journey code block becomes a customer journey map.
--   pandoc --lua-filter waymark.lua page.md -o page.html
-- Attributes written the pandoc way ({.journey layout=timeline}) apply as the fence's
-- own. The map is raw HTML, so it reaches HTML output only (html, html5, epub).
-- WAYMARK in the environment names the binary (default: waymark on PATH).

local waymark = os.getenv('WAYMARK') or 'waymark'

-- The longest run of backticks in `text`, so the fence around it is longer.
local function longest_ticks(text)
  local n = 0
  for run in text:gmatch('`+') do
    if #run > n then n = #run end
  end
  return n
end

function CodeBlock(block)
  if block.classes[1] ~= 'journey' then
    return nil
  end
  local attrs = {}
  for k, v in pairs(block.attributes) do
    table.insert(attrs, k .. '=' .. v)
  end
  table.sort(attrs)
  local fence = string.rep('`', math.max(3, longest_ticks(block.text) + 1))
  local doc = fence .. 'journey ' .. table.concat(attrs, ' ') .. '\n' .. block.text .. '\n' .. fence .. '\n'
  local ok, html = pcall(pandoc.pipe, waymark, {'render', '-'}, doc)
  if not ok then
    -- waymark has printed the problems (lines counted from the journey's fence).
    error('waymark could not draw a journey (' .. tostring(html) .. '); '
      .. 'its problems are above; is `' .. waymark .. '` installed (pip install waymark)?')
  end
  return pandoc.RawBlock('html', html)
end

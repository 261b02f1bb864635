-- Headless end-to-end check: waits for waymark's diagnostics on the open buffer, writes
-- them as `line:column: message` to $WAYMARK_NVIM_OUT and quits (exit 1 when none came).
local found = vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local message = d.message:match('[^\n]*')
  table.insert(lines, string.format('%d:%d: %s', d.lnum + 1, d.col + 1, message))
end
vim.fn.writefile(lines, os.getenv('WAYMARK_NVIM_OUT'))
vim.cmd(found and 'qa!' or 'cquit 1')

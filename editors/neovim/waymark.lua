-- waymark's language server for Neovim without plugins: `waymark lsp` is started for
-- markdown and `.journey` files, one server for the whole session. Load it from your
-- init.lua (`dofile('/path/to/waymark.lua')`) or copy it there. Set `vim.g.waymark_path`
-- when the binary is not on PATH. Works with Neovim 0.7 (Debian 12's) and later.

if vim.filetype and vim.filetype.add then
  vim.filetype.add({ extension = { journey = 'journey', mmd = 'mermaid', mermaid = 'mermaid' } })
end

local client_id = nil

local function config()
  return {
    name = 'waymark',
    cmd = { vim.g.waymark_path or 'waymark', 'lsp' },
    root_dir = vim.loop.cwd(),
    init_options = { mermaid = vim.g.waymark_mermaid == true },
  }
end

local function attach(bufnr)
  if vim.lsp.start then
    -- Neovim 0.8+: finds the running server for this root, or starts it.
    vim.lsp.start(config(), { bufnr = bufnr })
    return
  end
  if client_id == nil or vim.lsp.get_client_by_id(client_id) == nil then
    client_id = vim.lsp.start_client(config())
  end
  if client_id then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'journey', 'mermaid' },
  callback = function(args)
    attach(args.buf)
  end,
})

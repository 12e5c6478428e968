--[[
lookalike: flag senders, reply addresses, display names and links that
imitate the domains you protect, by asking `lookalike serve`.

Each message goes whole to the service's /v1/message endpoint (with the
envelope sender): the service parses From, Sender, Reply-To, Return-Path,
To, Cc, every link (its host, a name hidden in its user-info, mailto:
addresses, bare www. hosts) and the display names, and answers with its
findings. Each finding becomes a symbol, weighted by the finding's score
(0 to 1), with the reason as the symbol's option:

  LOOKALIKE_FROM          From, Sender, Return-Path or the envelope sender
  LOOKALIKE_REPLYTO       Reply-To
  LOOKALIKE_DISPLAY_NAME  a display name claiming a protected brand or address
  LOOKALIKE_URL           a link, a link's user-info, a mailto: address

Options (rspamd.conf.local):
  lookalike {
    url = "http://127.0.0.1:8080";   # where `lookalike serve` listens
    timeout = 2.0;                   # seconds
  }
If the service does not answer, the message gets LOOKALIKE_FAIL (score 0)
and nothing else: a lookalike check never holds mail up.
]]

local rspamd_http = require "rspamd_http"
local rspamd_logger = require "rspamd_logger"
local ucl = require "ucl"

local N = 'lookalike'
local opts = rspamd_config:get_all_opt(N) or {}
local url = (opts.url or 'http://127.0.0.1:8080') .. '/v1/message'
local timeout = tonumber(opts.timeout) or 2.0

-- Which symbol a finding's place raises.
local symbol_of = {
  envelope = 'LOOKALIKE_FROM',
  from = 'LOOKALIKE_FROM',
  sender = 'LOOKALIKE_FROM',
  return_path = 'LOOKALIKE_FROM',
  reply_to = 'LOOKALIKE_REPLYTO',
  display_name = 'LOOKALIKE_DISPLAY_NAME',
  link = 'LOOKALIKE_URL',
  link_user_info = 'LOOKALIKE_URL',
  mailto = 'LOOKALIKE_URL',
}

local function check(task)
  local envelope = task:get_from('smtp')
  local query = ''
  if envelope and envelope[1] and envelope[1].addr and envelope[1].addr ~= '' then
    query = '?envelope_sender=' .. envelope[1].addr
  end
  local function answered(err, code, body)
    if err or code ~= 200 then
      rspamd_logger.errx(task, 'lookalike serve did not answer: %s %s', err, code)
      task:insert_result('LOOKALIKE_FAIL', 1.0, tostring(err or code))
      return
    end
    local parser = ucl.parser()
    local ok, perr = parser:parse_string(tostring(body))
    if not ok then
      rspamd_logger.errx(task, 'lookalike serve answered no JSON: %s', perr)
      task:insert_result('LOOKALIKE_FAIL', 1.0, 'bad answer')
      return
    end
    local answer = parser:get_object()
    for _, f in ipairs(answer.findings or {}) do
      local symbol = symbol_of[f.place]
      if symbol then
        local option = string.format('%s imitates %s: %s', f.text, f.target, f.reason)
        task:insert_result(symbol, tonumber(f.score) or 1.0, option)
      end
    end
  end
  rspamd_http.request({
    task = task,
    url = url .. query,
    body = task:get_content(),
    method = 'post',
    headers = { ['Content-Type'] = 'message/rfc822' },
    timeout = timeout,
    callback = answered,
  })
end

local id = rspamd_config:register_symbol({
  name = 'LOOKALIKE_CHECK',
  type = 'callback',
  callback = check,
})

-- Default scores: a judgement, to tune like any rspamd symbol; a finding's
-- score (0 to 1) scales them.
for name, score in pairs({
  LOOKALIKE_FROM = 6.0,
  LOOKALIKE_REPLYTO = 5.0,
  LOOKALIKE_DISPLAY_NAME = 4.0,
  LOOKALIKE_URL = 5.0,
  LOOKALIKE_FAIL = 0.0,
}) do
  rspamd_config:register_symbol({
    name = name,
    type = 'virtual',
    parent = id,
    score = score,
    group = 'lookalike',
  })
end

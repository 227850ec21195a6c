<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · 简报检索</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
% if get('feed'):
<link rel="alternate" type="application/atom+xml" title="订阅这个检索（Atom）" href="{{feed}}">
% end
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="top">
  <div class="top-inner">
    <a class="brand" href="/"><span class="brand-mark">简</span>简报检索</a>
    <form class="searchbox" action="/" method="get" role="search">
      <input type="search" name="q" value="{{get('query', '')}}" placeholder="输入查询词，如：文明养犬、&quot;市场环境提升&quot;、养犬 OR 犬只" aria-label="查询词" autocomplete="off" list="name-suggestions" data-suggest="/api/suggest">
      <datalist id="name-suggestions"></datalist>
      % for name, value in get('hidden', []):
      <input type="hidden" name="{{name}}" value="{{value}}">
      % end
      <button type="submit">检索</button>
    </form>
    <nav class="nav">
      <a href="/" class="{{'on' if get('section') == 'search' else ''}}">检索</a>
      <a href="/units" class="{{'on' if get('section') == 'units' else ''}}">单位</a>
      <a href="/statements" class="{{'on' if get('section') == 'statements' else ''}}">表态台账</a>
      <a href="/docs/api" class="{{'on' if get('section') == 'api' else ''}}">API</a>
      % who = identity()
      % if who.viewer.role in ('admin', 'auditor') and who.how != 'local':
      <a href="/admin/audit" class="{{'on' if get('section') == 'audit' else ''}}">审计</a>
      % end
      % if who.how == 'proxy':
      <span class="who">{{who.shown_name}}</span>
      % elif who.shown_name:
      <form class="signout" action="/logout" method="post"><span class="who">{{who.shown_name}}</span><input type="hidden" name="csrf" value="{{who.csrf}}"><button type="submit">退出</button></form>
      % elif who.how == 'anonymous':
      <a href="/login">登录</a>
      % end
    </nav>
  </div>
</header>
<main class="page" id="main">
{{!base}}
</main>
<footer class="foot">简报检索 · 工作简报与新闻报道全文检索 · 查询语法：词语（全部须出现）、"短语"、OR、-排除、title: unit: person: docno: cites:</footer>
</body>
</html>

% rebase('base.tpl', title=name, section='units')
<p class="crumbs"><a href="/units">单位目录</a>
% for ancestor in ancestors:
 › <a href="{{unit_url(ancestor)}}">{{ancestor}}</a>
% end
 › {{name}}</p>
<h1>{{name}}</h1>
<p class="summary-line">
  <a href="{{search_url(unit=name)}}">{{everything.article_total}} 篇文章</a> ·
  <a href="{{search_url('/statements', unit=name)}}">{{everything.statement_total}} 条表态</a>
  % if children:
  · 下级单位：
  % for child in children:
  <a href="{{unit_url(child['value'])}}">{{child['value']}}</a><span class="count">{{child['count']}}</span>
  % end
  % end
</p>
<nav class="unit-filters" aria-label="筛选时间线">
  <p><span class="label">条目：</span>
    <a class="choice{{'' if selection.type else ' on'}}" href="{{links.setting('type', '')}}">全部</a>
    % for item in type_links:
    <a class="choice{{' on' if item.active else ''}}" href="{{item.url}}">{{item.label}}</a>
    % end
  </p>
  % if year_links:
  <p><span class="label">年份：</span>
    <a class="choice{{'' if selection.year else ' on'}}" href="{{links.setting('year', '')}}">全部</a>
    % for item in year_links:
    <a class="choice{{' on' if item.active else ''}}" href="{{item.url}}">{{item.label}} <span class="count">{{item.count}}</span></a>
    % end
  </p>
  % end
</nav>
<div class="summary">
  <p class="total">共 <strong>{{found.total}}</strong> 条（文章 {{found.article_total}}，表态 {{found.statement_total}}）{{'，第 %d / %d 页' % (pager.page, pager.pages) if found.total else ''}}</p>
</div>
% include('_formats.tpl', json_url=links.at('/api' + links.path), files=links.as_file)
% if not months:
<p class="notice">这一筛选下没有条目。<a href="{{unit_url(name)}}">查看全部</a></p>
% end
<ol class="timeline">
% for month in months:
  <li class="month">
    <h2>{{labels.facet_value('month', month.month) if month.month else '日期不详'}}</h2>
    <ul>
    % for entry in month.entries:
      % item = entry.item
      % if entry.kind == 'article':
      <li class="entry article-entry">
        <span class="date">{{entry.date}}</span>
        <span class="badge {{item['kind']}}">{{labels.kind(item['kind'])}}</span>
        <a href="{{links.article(item['id'])}}">{{item['title']}}</a>
        % if labels.issue(item['issue']):
        <span class="issue">{{labels.issue(item['issue'])}}</span>
        % end
      </li>
      % else:
      <li class="entry statement-entry {{item['type']}}">
        <span class="date">{{entry.date}}</span>
        <span class="badge {{item['type']}}">{{labels.statement_type(item['type'])}}</span>
        {{item.get('speaker') or ''}}
        <p>{{item['text']}}</p>
        % if item.get('targets'):
        <p class="targets">目标：{{labels.targets(item['targets']) or '—'}}{{'；时限：' + labels.deadlines(item['targets']) if labels.deadlines(item['targets']) else ''}}</p>
        % end
        <a class="source" href="{{links.article(item['article_id'])}}">出自《{{item['title']}}》</a>
        <a class="source" href="{{links.original(item['article_id'], sentence=item['text'])}}">原文位置</a>
      </li>
      % end
    % end
    </ul>
  </li>
% end
</ol>
% include('_pager.tpl')

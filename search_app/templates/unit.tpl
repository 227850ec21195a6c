% rebase('base.tpl', title=name, section='units')
<p class="crumbs"><a href="/units">单位目录</a>
% for ancestor in ancestors:
 › <a href="{{unit_url(ancestor)}}">{{ancestor}}</a>
% end
 › {{name}}</p>
<h1>{{name}}</h1>
<p class="summary-line">
  <a href="{{search_url(unit=name)}}">{{article_total}} 篇文章</a> ·
  <a href="{{search_url('/statements', unit=name)}}">{{statement_total}} 条表态</a>
  % if children:
  · 下级单位：
  % for child in children:
  <a href="{{unit_url(child['value'])}}">{{child['value']}}</a><span class="count">{{child['count']}}</span>
  % end
  % end
</p>
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
        <span class="badge {{item['kind']}}">{{labels.KINDS.get(item['kind'], item['kind'])}}</span>
        <a href="{{article_url(item['id'])}}">{{item['title']}}</a>
        % if labels.issue(item['issue']):
        <span class="issue">{{labels.issue(item['issue'])}}</span>
        % end
      </li>
      % else:
      <li class="entry statement-entry {{item['type']}}">
        <span class="date">{{entry.date}}</span>
        <span class="badge {{item['type']}}">{{labels.STATEMENT_TYPES.get(item['type'], item['type'])}}</span>
        {{item.get('speaker') or ''}}
        <p>{{item['text']}}</p>
        % if item.get('targets'):
        <p class="targets">目标：{{labels.targets(item['targets']) or '—'}}{{'；时限：' + labels.deadlines(item['targets']) if labels.deadlines(item['targets']) else ''}}</p>
        % end
        <a class="source" href="{{article_url(item['article_id'])}}">出自《{{item['title']}}》</a>
      </li>
      % end
    % end
    </ul>
  </li>
% end
</ol>

<ol class="hits" start="{{(result['page'] - 1) * result['size'] + 1}}">
% for hit in result['hits']:
  <li class="hit">
    <h2><a href="{{links.article(hit['id'])}}">{{hit['title']}}</a></h2>
    <div class="meta">
      <span class="date">{{hit['date'] or '日期不详'}}</span>
      <span class="badge {{hit['kind']}}">{{labels.kind(hit['kind'])}}</span>
      % if hit.get('doc_number'):
      <span class="docno">{{hit['doc_number']}}</span>
      % end
      % if labels.issue(hit['issue']):
      <span class="issue">{{labels.issue(hit['issue'])}}</span>
      % end
    </div>
    <p class="snippet">{{!hit['snippet']}}</p>
    <p class="original-link"><a href="{{links.original(hit['id'], hit['source'].get('page'))}}">查看原文{{'第 %s 页' % hit['source']['page'] if hit['source'].get('page') else ''}}</a></p>
    % if hit.get('versions'):
    <p class="versions">其他版本：{{'、'.join(labels.file_name(v['path']) for v in hit['versions'])}}</p>
    % end
    % if hit['units']:
    <div class="units">
      % for unit in hit['units'][:8]:
      <a href="{{links.adding('unit', unit)}}" title="筛选这个单位">{{unit}}</a>
      % end
      % if len(hit['units']) > 8:
      <span class="more">等 {{len(hit['units'])}} 个单位</span>
      % end
    </div>
    % end
  </li>
% end
</ol>

    <tr class="{{item['type']}}">
      <td class="date">{{item.get('date') or ''}}</td>
      <td><span class="badge {{item['type']}}">{{labels.STATEMENT_TYPES.get(item['type'], item['type'])}}</span></td>
      <td class="who">{{item.get('speaker') or ''}}</td>
      <td class="unit">
        % if item.get('unit'):
        <a href="{{unit_url(item['unit'])}}">{{item['unit']}}</a>
        % end
      </td>
      <td class="said">{{item['text']}}
        % if item.get('addressees'):
        <p class="addressees">对象：{{'、'.join(item['addressees'])}}</p>
        % end
      </td>
      <td class="goal">
        % for target in item['targets']:
        <p class="target">{{target.get('text') or labels.target(target)}}{{'（' + target['deadline'] + (' → ' + target['due'] if target.get('due') else '') + '）' if target.get('deadline') else ''}}</p>
        % end
      </td>
      <td class="deadline">{{item.get('due') or ''}}</td>
      <td class="status">
        % if item.get('status'):
        <span class="status {{item['status']}}">{{item['status']}}</span>
        % end
        % if item.get('follow_ups'):
        <details class="follow-ups"><summary>后续报道 {{len(item['follow_ups'])}} 篇</summary>
          <ol>
          % for follow in item['follow_ups']:
            <li><a href="{{article_url(follow['article_id'])}}">{{follow.get('date') or ''}} {{follow['title']}}</a>{{'（报告进展）' if follow.get('reports_progress') else ''}}
              <p class="evidence">{{!follow['evidence']}}</p></li>
          % end
          </ol>
        </details>
        % end
      </td>
      <td class="from"><a href="{{article_url(item['article_id'])}}">{{item['title']}}</a>
        <br><small>{{labels.issue(item.get('issue'))}}{{' 第' + str(item['source']['page']) + '页' if (item.get('source') or {}).get('page') else ''}} · <a href="{{source_url(item['article_id'])}}">原文</a></small></td>
    </tr>

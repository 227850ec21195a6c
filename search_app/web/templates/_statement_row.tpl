    <tr class="{{item['type']}}">
      <td class="date" data-label="日期">{{item.get('date') or ''}}</td>
      <td class="kind" data-label="类型"><span class="badge {{item['type']}}">{{labels.statement_type(item['type'])}}</span></td>
      <td class="who" data-label="讲话人">{{item.get('speaker') or ''}}</td>
      <td class="unit" data-label="单位">
        % if item.get('unit'):
        <a href="{{unit_url(item['unit'])}}">{{item['unit']}}</a>
        % end
      </td>
      <td class="said" data-label="内容">{{item['text']}}
        % if item.get('addressees'):
        <p class="addressees">对象：{{'、'.join(item['addressees'])}}</p>
        % end
      </td>
      <td class="goal" data-label="目标与时限">
        % for target in item['targets']:
        <p class="target">{{target.get('text') or labels.target(target)}}{{'（' + target['deadline'] + (' → ' + target['due'] if target.get('due') else '') + '）' if target.get('deadline') else ''}}</p>
        % end
      </td>
      <td class="deadline" data-label="到期日">{{item.get('due') or ''}}</td>
      <td class="status" data-label="状态">
        % if item.get('status'):
        <span class="status {{item['status']}}">{{item['status']}}</span>
        % end
        % if item.get('follow_ups'):
        <details class="follow-ups"><summary>后续报道 {{len(item['follow_ups'])}} 篇</summary>
          <ol>
          % for follow in item['follow_ups']:
            <li><a href="{{links.article(follow['article_id'])}}">{{follow.get('date') or ''}} {{follow['title']}}</a>{{'（报告进展）' if follow.get('reports_progress') else ''}}
              <p class="evidence">{{!follow['evidence']}}</p></li>
          % end
          </ol>
        </details>
        % end
      </td>
      <td class="from" data-label="出处"><a href="{{links.article(item['article_id'])}}">{{item['title']}}</a>
        <br><small>{{labels.issue(item.get('issue'))}}{{' 第' + str(item['source']['page']) + '页' if (item.get('source') or {}).get('page') else ''}} · <a class="original-link" href="{{links.original(item['article_id'], (item.get('source') or {}).get('page'), sentence=item['text'])}}">原文位置</a> · <a href="{{source_url(item['article_id'])}}">下载</a></small></td>
    </tr>

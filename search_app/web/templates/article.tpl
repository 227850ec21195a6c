% rebase('base.tpl', title=record['title'], query=query, section='search')
% issue = record.get('issue') or {}
<div class="article-layout">
  <article class="article">
    <p class="crumbs"><a class="back" href="{{back[1]}}">{{back[0]}}</a></p>
    % if notice:
    <p class="notice error">{{notice}}（未标出查询词）</p>
    % end
    <h1>{{!title_html}}</h1>
    <div class="meta">
      <span class="date">{{record.get('date') or '日期不详'}}</span>
      <span class="badge {{record['kind']}}">{{labels.kind(record['kind'])}}</span>
      % if labels.issue(issue):
      <span class="issue">{{labels.issue(issue)}}</span>
      % end
    </div>
    % if gongwen:
    <dl class="gongwen" aria-label="公文要素">
      % for label, value in gongwen:
      <div><dt>{{label}}</dt><dd class="{{'mark' if label in ('密级', '紧急程度') else ''}}">{{value}}</dd></div>
      % end
    </dl>
    % end
    <div class="text">
      % for paragraph in paragraphs:
      <p>{{!paragraph}}</p>
      % end
    </div>
    % if record.get('statements'):
    <section class="statements">
      <h2>文中的表态（{{len(record['statements'])}}）</h2>
      <ul>
      % for item in record['statements']:
        <li class="statement {{item['type']}}">
          <span class="badge {{item['type']}}">{{labels.statement_type(item['type'])}}</span>
          % if item.get('speaker'):
          <strong>{{item['speaker']}}</strong>
          % end
          % if item.get('unit'):
          <a class="unit" href="{{unit_url(item['unit'])}}">{{item['unit']}}</a>
          % end
          <p>{{item['text']}} <a class="original-link" href="{{state.original(record['id'], record['source'].get('page'), item['text'])}}">原文位置</a></p>
          % if item.get('targets'):
          <p class="targets">目标：{{labels.targets(item['targets']) or '—'}}{{'；时限：' + labels.deadlines(item['targets']) if labels.deadlines(item['targets']) else ''}}</p>
          % end
        </li>
      % end
      </ul>
    </section>
    % end
  </article>
  <aside class="panel" aria-label="文章信息">
    <section>
      <h3>出处</h3>
      <dl>
        % if issue.get('series'):
        <dt>{{labels.kind(DocumentKind.BRIEFING) if record['kind'] == DocumentKind.BRIEFING else '来源'}}</dt><dd>{{labels.issue(issue)}}</dd>
        % end
        % if issue.get('date'):
        <dt>刊发日期</dt><dd>{{issue['date']}}</dd>
        % end
        <dt>事件日期</dt><dd>{{record.get('date') or '不详'}}</dd>
        <dt>原始文件</dt><dd class="file">{{source_name}}{{'，第 %s 页' % record['source']['page'] if record['source'].get('page') else ''}}</dd>
        % ocr_read = [r for r in record['source'].get('read', []) if r['method'] == 'ocr']
        % if ocr_read:
        <dt>识别方式</dt><dd class="read">{{'；'.join('第 %d 页 OCR 识别，置信度 %.0f%%' % (r['page'], 100 * (r['ocr_confidence'] or 0)) for r in ocr_read)}}</dd>
        % end
      </dl>
      <p><a class="button original" href="{{original}}">查看原文{{'第 %s 页' % record['source']['page'] if record['source'].get('page') else ''}}</a> <a class="button secondary" href="{{source_url(record['id'])}}">下载原件</a></p>
    </section>
    % if cited:
    <section class="cites">
      <h3>引用（{{len(cited)}}）</h3>
      <ul class="plain links">
      % for item in cited:
        <li><span class="relation">{{item.relation}}</span>
          % name = '《%s》' % item.title if item.title else item.doc_number
          % if item.article_id:
          <a href="{{state.article(item.article_id)}}">{{name}}</a>
          % else:
          <span class="cited">{{name}}</span>
          % end
          % if item.title and item.doc_number:
          <span class="docno">{{item.doc_number}}</span>
          % end
          % if item.title_query:
          <a class="secondary" href="{{search_url(q=item.title_query)}}">按标题检索</a>
          % end
        </li>
      % end
      </ul>
    </section>
    % end
    % docno = (record.get('document') or {}).get('doc_number')
    % if docno:
    <section class="cited-by">
      <h3>被引用（{{record.get('cited_by_total', 0)}}）</h3>
      % if record.get('cited_by'):
      <ul class="plain links">
      % for item in record['cited_by']:
        <li><span class="relation">{{labels.relation(item['relation'])}}</span> <a href="{{state.article(item['id'])}}">{{item['title']}}</a> <span class="date">{{item.get('date') or ''}}</span></li>
      % end
      </ul>
      % else:
      <p class="muted">档案中没有引用{{docno}}的文章。</p>
      % end
      <p><a href="{{search_url(q='docno:%s OR cites:%s' % (docno, docno), sort='-date')}}">检索此文及引用它的全部文章</a></p>
    </section>
    % end
    % if record.get('units'):
    <section>
      <h3>单位</h3>
      <ul class="plain">
      % for unit in record['units']:
        <li><a href="{{unit_url(unit['normalized'])}}">{{unit['normalized']}}</a>{{'（原文：%s）' % unit['name'] if unit['name'] != unit['normalized'] else ''}}</li>
      % end
      </ul>
    </section>
    % end
    % if record.get('officials'):
    <section>
      <h3>人物</h3>
      <ul class="plain">
      % for person in record['officials']:
        <li><a href="{{search_url(official=person['name'])}}">{{person['name']}}</a>{{'　' + person['position'] if person.get('position') else ''}}</li>
      % end
      </ul>
    </section>
    % end
    % if record.get('grids'):
    <section>
      <h3>网格</h3>
      <p>{{'、'.join('第%s网格' % g for g in record['grids'])}}</p>
    </section>
    % end
    % others = [a for a in record.get('issue_articles', []) if a['id'] != record['id']]
    % if others:
    <section>
      <h3>同期其他文章</h3>
      <ul class="plain links">
      % for other in others:
        <li><a href="{{state.article(other['id'])}}">{{other['title']}}</a></li>
      % end
      </ul>
    </section>
    % end
    % if record.get('more_like_this'):
    <section>
      <h3>相关文章</h3>
      <ul class="plain links">
      % for other in record['more_like_this']:
        <li><a href="{{article_url(other['id'])}}">{{other['title']}}</a> <span class="date">{{other.get('date') or ''}}</span></li>
      % end
      </ul>
    </section>
    % end
  </aside>
</div>

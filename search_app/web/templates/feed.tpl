% rebase('base.tpl', title='订阅 · ' + title, section='search', feed=atom_url)
<section class="feed-page">
  <p class="crumbs"><a class="back" href="{{results_url}}">‹ 返回检索结果</a></p>
  <h1>订阅这个检索</h1>
  <p class="hint">{{title}}。把下面的地址加入阅读器（Atom 订阅），有新的文章符合这个检索时即可看到；订阅只列最新的 {{entries}} 篇。</p>
  <p class="feed-address"><label for="atom-url">订阅地址</label>
    <input id="atom-url" class="atom-url" type="url" value="{{atom_url}}" readonly></p>
  <p><a class="feed-xml" href="{{atom_url}}" type="application/atom+xml">订阅文件（Atom XML）</a></p>
  <h2>现在的内容（共 {{result['total']}} 篇，列出最新 {{len(result['hits'])}} 篇）</h2>
  <ol class="feed-entries">
    % for hit in result['hits']:
    <li><a href="{{links.article(hit['id'])}}">{{hit['title']}}</a> <span class="date">{{hit['date'] or '日期不详'}}</span></li>
    % end
  </ol>
</section>

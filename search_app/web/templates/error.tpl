% rebase('base.tpl', title=title)
<section class="notice-page">
  <h1>{{title}}</h1>
  <p class="notice error">{{message}}</p>
  <p><a href="/">返回首页检索</a> · <a href="/units">浏览单位</a> · <a href="/statements">表态台账</a></p>
</section>

# Fits the speech-vs-music logistic regression on the features fit_segmenter.sh wrote in the
# current folder; prints leave-one-music-source-out accuracy and the final weights.
import numpy as np,glob
def L(f):
    a=np.loadtxt(f); a=a[a[:,1]>-50]; return a[:,2:]
def X(a): return np.column_stack([a[:,0],a[:,1],np.log(a[:,2]+1e-3),a[:,3],a[:,4]])
srcs=['sunflower','sonata','descente','allstars']
M={s:np.vstack([X(L(f)) for f in sorted(glob.glob(f'src_{s}_*.feat'))]) for s in srcs}
sp_tr=X(L('speech_train.feat')); sp_te=X(L('speech_test.feat'))
def fit(sp,mu):
    Xt=np.vstack([sp,mu]); y=np.r_[np.ones(len(sp)),np.zeros(len(mu))]
    ws=np.r_[np.full(len(sp),0.5/len(sp)),np.full(len(mu),0.5/len(mu))]
    m=Xt.mean(0); s=Xt.std(0); Z=(Xt-m)/s; w=np.zeros(Z.shape[1]); b=0.0
    for it in range(4000):
        p=1/(1+np.exp(-(Z@w+b))); g=p-y; w-=(Z.T@(g*ws)+1e-3*w); b-=np.sum(g*ws)
    return m,s,w,b
def P(mdl,x):
    m,s,w,b=mdl; return 1/(1+np.exp(-(((x-m)/s)@w+b)))
for held in srcs:
    mdl=fit(sp_tr,np.vstack([M[s] for s in srcs if s!=held]))
    print(f'held-out {held:10s} music correct {np.mean(P(mdl,M[held])<0.5):.3f}  speech_test correct {np.mean(P(mdl,sp_te)>0.5):.3f}')
mdl=fit(sp_tr,np.vstack([M[s] for s in srcs]))
m,s,w,b=mdl
print('mean',m.round(5).tolist()); print('std',s.round(5).tolist()); print('w',w.round(4).tolist(),'b',round(b,4))
print('all: speech_test',np.mean(P(mdl,sp_te)>0.5), {k:round(float(np.mean(P(mdl,v)<0.5)),3) for k,v in M.items()})
for n in ['p1','p2','p3','p4']: print(n,'speech-share',np.mean(P(mdl,X(L(n+'.feat')))>0.5))
